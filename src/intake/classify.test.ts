import { describe, expect, test } from 'vitest';
import { parseHeaders } from '../mail/mime.js';
import { classifyAutomated, classifyThread, suppressionReason } from './classify.js';

const h = (text: string) => parseHeaders(text);

describe('classify', () => {
  test.each([
    ['an RFC 3464 delivery status notification is a bounce', 'From: Mail Delivery System <MAILER-DAEMON@mx.example>\nContent-Type: multipart/report; report-type=delivery-status; boundary=x', 'bounce'],
    ['MAILER-DAEMON with a null return path is a bounce', 'Return-Path: <>\nFrom: MAILER-DAEMON@mx.example', 'bounce'],
    ['Auto-Submitted: auto-replied is never answered', 'From: a@b.example\nAuto-Submitted: auto-replied', 'auto-reply'],
    ['Auto-Submitted: auto-generated is automatic too', 'From: a@b.example\nAuto-Submitted: auto-generated', 'auto-reply'],
    ['X-Autoreply marks an out-of-office', 'From: a@b.example\nX-Autoreply: yes', 'auto-reply'],
    ['Precedence: bulk is automatic', 'From: a@b.example\nPrecedence: bulk', 'auto-reply'],
    ['Auto-Submitted: no is a person', 'From: a@b.example\nAuto-Submitted: no', null],
    ['a plain mail is not automated', 'From: a@b.example\nSubject: XSS', null],
  ])('%s', (_n, headers, kind) => {
    expect(classifyAutomated(h(headers))?.kind ?? null).toBe(kind);
  });

  const base = { threadReportIds: [], subject: null, from: 'r@x.example', subjectReport: null, threadReporterEmail: null };
  test.each([
    ['a mail threading onto a report is a reply', { ...base, threadReportIds: [7], threadReporterEmail: 'r@x.example' }, { kind: 'reply', reportId: 7, fromReporter: true }],
    ['a thread reply from someone else is a reply, flagged as not from the reporter', { ...base, threadReportIds: [7], threadReporterEmail: 'other@x.example' }, { kind: 'reply', fromReporter: false }],
    ['a [SEC-…] subject from the reporter is a reply', { ...base, subject: 'Re: [SEC-2026-0003] ack', subjectReport: { id: 3, reporterEmail: 'R@X.example' } }, { kind: 'reply', reportId: 3, via: 'subject' }],
    ['a [SEC-…] subject from a stranger is a new report', { ...base, subject: '[SEC-2026-0003]', subjectReport: { id: 3, reporterEmail: 'someone@else.example' } }, { kind: 'new-report' }],
    ['no thread and no reference is a new report', base, { kind: 'new-report' }],
  ])('%s', (_n, facts, expected) => {
    expect(classifyThread(facts)).toMatchObject(expected);
  });
});

describe('who is never answered (RFC 3834)', () => {
  test.each([
    ['our own address', 'From: Security <security@example.test>', 'mail from our own address'],
    ['a Reply-To pointing at us', 'From: r@x.example\nReply-To: security@example.test', 'mail from our own address'],
    ['a no-reply sender', 'From: no-reply@x.example', 'no-reply@x.example does not take replies'],
    ['a list post', 'From: r@x.example\nList-Id: <sec.lists.example>', 'mailing list mail'],
    ['Precedence: list', 'From: r@x.example\nPrecedence: list', 'mailing list mail'],
    ['Precedence: bulk', 'From: r@x.example\nPrecedence: bulk', 'Precedence: bulk'],
    ['an auto-reply', 'From: r@x.example\nAuto-Submitted: auto-replied', 'Auto-Submitted: auto-replied'],
    ['a bounce', 'From: MAILER-DAEMON@mx.example\nReturn-Path: <>', 'MAILER-DAEMON@mx.example does not take replies'.toLowerCase()],
    ['no sender', 'Subject: x', 'no sender address'],
    ['a person', 'From: Ada <ada@research.example>', null],
    ['our own address in other letter case', 'From: SECURITY@Example.TEST', 'mail from our own address'],
    ['a sub-address of ours (a key request to security+keys@ is a loop waiting to happen)', 'From: security+keys@example.test', 'mail from our own address'],
    ['a sub-address of ours in other letter case', 'From: <Security+Anything@EXAMPLE.test>', 'mail from our own address'],
    ['a Reply-To pointing at a sub-address of ours', 'From: r@x.example\nReply-To: security+x@example.test', 'mail from our own address'],
    ['another mailbox on our domain is a person', 'From: alice@example.test', null],
    ['our local part on another domain is a person', 'From: security+x@example.org', null],
    ['a longer local part that starts like ours is a person', 'From: securityteam@example.test', null],
  ])('%s', (_n, headers, reason) => {
    expect(suppressionReason(h(headers), 'security@example.test')).toBe(reason);
  });

  test.each([
    ['a team address written in capitals still matches our mail', 'Security@Example.Test', 'From: security@example.test'],
    ['a team address that is itself a sub-address matches its siblings', 'security+intake@example.test', 'From: security+other@example.test'],
  ])('%s', (_n, team, headers) => {
    expect(suppressionReason(h(headers), team)).toBe('mail from our own address');
  });
});
