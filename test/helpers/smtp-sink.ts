/** @module A loopback SMTP sink (smtp-server) that records the Message-ID of every mail it accepted, or freezes in DATA. */
import { SMTPServer } from 'smtp-server';
import { topHeaders } from '../../src/mail/mime.js';
import { freePorts } from '../e2e/harness/process-group.js';

export interface SmtpSink {
  port: number;
  /** Message-IDs (with angle brackets) of the mail answered 250, in order; a frozen DATA is never here. */
  accepted: string[];
  /** DATA commands whose body arrived while the sink was frozen (never answered). */
  frozenData(): number;
  /** From now on DATA is read and never answered: the peer a daemon must not wait for. */
  freeze(): void;
  /** DATA is answered 250 again (mail held while frozen stays unanswered: its sender gave up on it). */
  thaw(): void;
  close(): Promise<void>;
}

/** The transport line of a secintake config that sends to this sink. */
export const smtpTransport = (port: number) => `transport: { smtp: { host: 127.0.0.1, port: ${port}, secure: false, require_tls: false } }`;

export async function startSmtpSink(opts: { frozen?: boolean } = {}): Promise<SmtpSink> {
  const [port] = (await freePorts(1)) as [number];
  const accepted: string[] = [];
  let frozen = opts.frozen ?? false;
  let held = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // A frozen sink holds connections open; closing the server must not wait for them.
    closeTimeout: 100,
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (frozen) return void held++;
        accepted.push(topHeaders(Buffer.concat(chunks)).get('message-id')?.[0] ?? '');
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port,
    accepted,
    frozenData: () => held,
    freeze: () => void (frozen = true),
    thaw: () => void (frozen = false),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
