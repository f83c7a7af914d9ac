import type { MeetingSummary, ZoomHandlers } from '@toolscope-demo/zoom-server';
import { jsonBody, upstreamJson } from './upstream-json.js';

/**
 * The Zoom handlers: each forwards the user's token to the meetings API with
 * `ctx.fetch` (paths relative to the provider's resource); the status tool
 * reads the public status page without any token.
 */
export function zoomHandlers(statusUrl: string): ZoomHandlers {
  return {
    async zoomListMeetings(_input, ctx) {
      return upstreamJson(await ctx.fetch('v2/users/me/meetings'));
    },
    async zoomGetMeeting({ meetingId }, ctx) {
      const { agenda, ...meeting } = await upstreamJson<MeetingSummary & { agenda: string }>(
        await ctx.fetch(`v2/meetings/${encodeURIComponent(meetingId)}`),
      );
      return { meeting, agenda };
    },
    async zoomListPastMeetingParticipants({ meetingId }, ctx) {
      return upstreamJson(
        await ctx.fetch(`v2/past_meetings/${encodeURIComponent(meetingId)}/participants`),
      );
    },
    async zoomCreateMeeting(input, ctx) {
      const meeting = await upstreamJson<MeetingSummary>(
        await ctx.fetch('v2/users/me/meetings', jsonBody('POST', input)),
      );
      return { meeting };
    },
    async zoomGetServiceStatus(_input, ctx) {
      return upstreamJson(await fetch(statusUrl, { signal: ctx.signal }));
    },
  };
}
