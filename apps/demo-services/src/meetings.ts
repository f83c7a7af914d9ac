import type { RequestListener } from 'node:http';
import { type BearerOptions, bearerAuthentication, type TokenCaller } from './bearer.js';
import { createApi, type Route } from './http-kit.js';

interface Meeting {
  id: string;
  topic: string;
  startTime: string;
  durationMinutes: number;
  joinUrl: string;
  agenda: string;
  host: string;
  participants: { name: string; email: string | null; joinTime: string; leaveTime: string }[];
}

function seed(): Map<string, Meeting> {
  const meeting = (id: string, host: string, topic: string, startTime: string): Meeting => ({
    id,
    topic,
    startTime,
    durationMinutes: 30,
    joinUrl: `https://meet.example/j/${id}`,
    agenda: `${topic}: agenda`,
    host,
    participants: [
      {
        name: host,
        email: `${host}@example.com`,
        joinTime: startTime,
        leaveTime: startTime.replace('T10', 'T11'),
      },
      {
        name: 'Guest',
        email: null,
        joinTime: startTime,
        leaveTime: startTime.replace('T10', 'T11'),
      },
    ],
  });
  return new Map(
    [
      meeting('5555555555', 'alice', 'Quarterly planning', '2026-01-12T10:00:00Z'),
      meeting('5555555556', 'alice', 'Design review', '2026-02-03T10:00:00Z'),
      meeting('7777777777', 'bob', 'Support sync', '2026-01-20T10:00:00Z'),
    ].map((m) => [m.id, m]),
  );
}

const summary = (m: Meeting) => ({
  id: m.id,
  topic: m.topic,
  startTime: m.startTime,
  durationMinutes: m.durationMinutes,
  joinUrl: m.joinUrl,
});

/**
 * The meetings API (the demo's Zoom): every route needs a token for this API
 * with the route's scope, and a user only sees the meetings they host.
 * `GET /status` is public, like Zoom's status page.
 */
export function createMeetingsApi(options: BearerOptions): RequestListener {
  const meetings = seed();
  const own = (caller: TokenCaller, id: string | undefined) => {
    const meeting = meetings.get(id ?? '');
    return meeting !== undefined && meeting.host === caller.user ? meeting : undefined;
  };
  const notFound = { status: 404, body: { error: 'meeting_not_found' } };
  const routes: Route<TokenCaller>[] = [
    {
      method: 'GET',
      path: /^\/v2\/users\/me\/meetings$/,
      scopes: ['meeting:read:list_meetings'],
      handle: ({ caller }) => ({
        status: 200,
        body: {
          meetings: [...meetings.values()].filter((m) => m.host === caller.user).map(summary),
        },
      }),
    },
    {
      method: 'POST',
      path: /^\/v2\/users\/me\/meetings$/,
      scopes: ['meeting:write:meeting'],
      handle: ({ caller, body }) => {
        const id = String(8_000_000_000 + meetings.size);
        const topic = typeof body['topic'] === 'string' ? body['topic'] : 'Meeting';
        const start = typeof body['startTime'] === 'string' ? body['startTime'] : '';
        const created: Meeting = {
          ...seed().get('5555555555')!,
          id,
          topic,
          startTime: start,
          host: caller.user,
          joinUrl: `https://meet.example/j/${id}`,
          participants: [],
        };
        meetings.set(id, created);
        return { status: 201, body: summary(created) };
      },
    },
    {
      method: 'GET',
      path: /^\/v2\/meetings\/(?<id>\d+)$/,
      scopes: ['meeting:read:meeting'],
      handle: ({ caller, params }) => {
        const m = own(caller, params['id']);
        return m === undefined
          ? notFound
          : { status: 200, body: { ...summary(m), agenda: m.agenda } };
      },
    },
    {
      method: 'GET',
      path: /^\/v2\/past_meetings\/(?<id>\d+)\/participants$/,
      scopes: ['meeting:read:list_past_participants'],
      handle: ({ caller, params }) => {
        const m = own(caller, params['id']);
        return m === undefined ? notFound : { status: 200, body: { participants: m.participants } };
      },
    },
    {
      method: 'GET',
      path: /^\/status$/,
      public: true,
      handle: () => ({
        status: 200,
        body: { status: 'operational', updatedAt: new Date().toISOString() },
      }),
    },
  ];
  const authenticate = bearerAuthentication(options);
  return createApi(routes, async (req, route) =>
    route.public === true
      ? { caller: { user: 'anonymous', scopes: [] } }
      : authenticate(req, route),
  );
}
