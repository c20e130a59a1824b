import { generateTestKeyPair, startFakeVonage } from '../tests/support/fake-vonage-server.ts';

/*
 * The fake Vonage Messages API of the test suite, in a process of its own so that its JWT
 * checks do not share an event loop with the load generator. It tells its parent (over IPC)
 * the URL and the application's key pair, and answers `count` with how many sends it accepted.
 */
const applicationId = 'bench-app';
const keys = generateTestKeyPair();
const fake = await startFakeVonage({ publicKeyPem: keys.publicKeyPem, applicationId });
const accepted = () => fake.requests.filter((r) => r.path === '/v1/messages').length;
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'count') {
    const last = fake.requests.at(-1)?.at.getTime() ?? null;
    process.send!({ type: 'count', count: accepted(), lastAt: last });
  }
  if (msg.type === 'reset') {
    fake.requests.length = 0;
    process.send!({ type: 'reset' });
  }
});
process.send!({ type: 'ready', url: fake.url, applicationId, privateKeyPem: keys.privateKeyPem });
