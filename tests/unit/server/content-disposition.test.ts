import { exportFileName } from '../../../src/contracts/export-file-name';
import { attachmentDisposition } from '../../../src/server/content-disposition';

describe('exportFileName', () => {
  it.each([
    ['IT Service Desk', '30d', 'turnaround-IT Service Desk-30d.csv'],
    ['Sales / EMEA: "key" accounts?', '7d', 'turnaround-Sales - EMEA- -key- accounts-7d.csv'], // / : " ? are refused by file systems
    ['Ventes Île-de-France', '90d', 'turnaround-Ventes Île-de-France-90d.csv'], // non-ASCII kept
    ['  ..\u0007  ', '30d', 'turnaround-team-30d.csv'], // nothing usable left
  ])('%p, %p → %p', (team, period, expected) => {
    expect(exportFileName(team, period)).toBe(expected);
  });
});

describe('attachmentDisposition', () => {
  it('gives a plain ASCII name as filename only', () => {
    expect(attachmentDisposition('turnaround-IT Service Desk-30d.csv')).toBe('attachment; filename="turnaround-IT Service Desk-30d.csv"');
  });
  it('adds RFC 5987 filename* for a non-ASCII name, with an ASCII fallback', () => {
    expect(attachmentDisposition("turnaround-Ventes Île-de-France (Nord)'s-30d.csv")).toBe(
      "attachment; filename=\"turnaround-Ventes Ile-de-France _Nord__s-30d.csv\"; filename*=UTF-8''turnaround-Ventes%20%C3%8Ele-de-France%20%28Nord%29%27s-30d.csv",
    );
    expect(attachmentDisposition('報告.csv')).toBe("attachment; filename=\"__.csv\"; filename*=UTF-8''%E5%A0%B1%E5%91%8A.csv");
  });
});
