// Navigation text XenForo prints around a thread when a page is saved as plain text. Matched on
// whole trimmed lines, case-insensitively, so a post that merely mentions "Back" is untouched.

export const HEADER_CHROME = new Set(
  [
    "what's new",
    'what’s new',
    'forums',
    'home',
    'new posts',
    'latest activity',
    'search forums',
    'search',
    'members',
    'log in',
    'register',
    'log in register',
    'menu',
    'install the app',
    'install',
    'navigation',
  ].map((line) => line.toLowerCase()),
);

export const FOOTER_CHROME = new Set(
  [
    'back',
    'top',
    'bottom',
    'top bottom',
    'reply',
    'share:',
    'share',
    'share this page',
    'similar threads',
    'you must log in or register to reply here.',
    'forums',
    'home',
  ].map((line) => line.toLowerCase()),
);

/** The final chunk is chrome only when it is short and every line is footer navigation. */
export const FOOTER_MAX_LINES = 12;
