import { describe, expect, it } from 'vitest';
import { RecordingSmsGateway } from '../../src/adapters/sms/recording-sms-gateway.ts';

describe('RecordingSmsGateway', () => {
  it('records instead of sending and returns a rec- id', async () => {
    const gateway = new RecordingSmsGateway();
    const sms = { from: '+14155550100', to: '+447700900123', text: 'hi', clientRef: 'm1' };
    const { providerMessageId } = await gateway.send(sms);
    expect(gateway.kind).toBe('recording');
    expect(providerMessageId).toMatch(/^rec-[0-9a-f-]{36}$/);
    expect(gateway.sent).toEqual([sms]);
  });

  it('keeps only the last 1000 messages', async () => {
    const gateway = new RecordingSmsGateway();
    for (let i = 0; i < 1005; i++) await gateway.send({ from: '+1', to: '+2', text: String(i), clientRef: `m${i}` });
    expect(gateway.sent).toHaveLength(1000);
    expect(gateway.sent[0].text).toBe('5');
    expect(gateway.sent.at(-1)?.text).toBe('1004');
  });
});
