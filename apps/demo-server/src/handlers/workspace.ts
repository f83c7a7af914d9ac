import { randomUUID } from 'node:crypto';
import { ToolscopeError } from '@toolscope/core';
import type { TokenToolContext } from '@toolscope/server';
import type {
  Note,
  WorkspaceGetTeamSettingsOutput,
  WorkspaceHandlers,
} from '@toolscope-demo/workspace-server';

/** The workspace's own data: notes per user and one team's settings. Lives as long as the process. */
export class WorkspaceStore {
  readonly notes = new Map<string, Note[]>();
  settings: WorkspaceGetTeamSettingsOutput = {
    timezone: 'Europe/Berlin',
    defaultMeetingMinutes: 30,
    notifications: 'mentions',
  };
}

/** The user a first-party call is for: the verified `sub`, never anything the client asserts. */
function ownerOf(ctx: TokenToolContext<'oauth2'>): string {
  const subject = ctx.claims?.subject;
  if (subject === undefined) {
    throw new ToolscopeError('CONFIG_INVALID', 'First-party tools need a verified subject.', {
      hint: 'Configure a jwt verifier (or connection auth) for the provider `self`.',
    });
  }
  return subject;
}

/** The first-party handlers: the token was checked by this server, so no upstream call is made. */
export function workspaceHandlers(store: WorkspaceStore): WorkspaceHandlers {
  const notesOf = (user: string) => {
    let notes = store.notes.get(user);
    if (notes === undefined) {
      notes = [{ id: 'n-welcome', title: 'Welcome', body: `Hello ${user}`, tags: ['intro'] }];
      store.notes.set(user, notes);
    }
    return notes;
  };
  return {
    workspaceListNotes({ tag }, ctx) {
      const notes = notesOf(ownerOf(ctx));
      return { notes: tag === undefined ? notes : notes.filter((n) => n.tags?.includes(tag)) };
    },
    workspaceCreateNote({ title, body, tags }, ctx) {
      const note: Note = {
        id: `n-${randomUUID().slice(0, 8)}`,
        title,
        body,
        ...(tags === undefined ? {} : { tags }),
        updatedAt: new Date().toISOString(),
      };
      notesOf(ownerOf(ctx)).push(note);
      return { note };
    },
    workspaceDeleteNote({ noteId }, ctx) {
      const notes = notesOf(ownerOf(ctx));
      const index = notes.findIndex((n) => n.id === noteId);
      if (index >= 0) notes.splice(index, 1);
      return { deleted: index >= 0 };
    },
    workspaceGetTeamSettings() {
      return store.settings;
    },
    workspaceUpdateTeamSettings(changes) {
      store.settings = { ...store.settings, ...changes };
      return store.settings;
    },
  };
}
