import { builder } from '../builder.ts';

// Every root field requires an authenticated caller. The HTTP and WebSocket edges already refuse
// anonymous requests; this is the second lock on the same door.
builder.queryType({ authScopes: { authenticated: true } });
builder.mutationType({ authScopes: { authenticated: true } });
