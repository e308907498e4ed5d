// What one connection may ask of the server. Abuse is answered with an error ack, and a socket
// that keeps going past the limit is disconnected; the server carries on either way.

/** the largest message a client may send (Socket.IO closes the connection past it) */
export const MAX_MESSAGE_BYTES = 16 * 1024;
/** rooms a socket may be in at once, its automatic member and moderators rooms included */
export const MAX_ROOMS_PER_SOCKET = 50;
/** events per second per socket (a token bucket: bursts up to this, refilled continuously) */
export const EVENTS_PER_SECOND = 20;
/** refused events within STRIKE_WINDOW_MS that get a socket disconnected */
export const STRIKES_BEFORE_DISCONNECT = 100;
export const STRIKE_WINDOW_MS = 10_000;
/** a client back within this long gets its rooms and missed events replayed (connection state recovery) */
export const RECOVERY_WINDOW_MS = 120_000;
/** posts replayed by `thread:join {afterPosition}`; past it the ack says truncated and the client reloads */
export const MAX_CATCH_UP_POSTS = 2_000;
export const CATCH_UP_PAGE = 100;
/** how long "is typing" shows after the last typing event */
export const TYPING_SHOWS_MS = 5_000;
/** presence broadcasts per thread: at most one per interval, bursts coalesced */
export const PRESENCE_INTERVAL_MS = 1_000;
export const PRESENCE_COALESCE_MS = 100;
