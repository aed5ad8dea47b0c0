/** @module Development bootstrap of a crypto worker: tsx's hooks first, then the TypeScript entry (the compiled build starts worker.js itself). */
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
