import type { Adapter, BroadcastOptions } from 'socket.io-adapter';
import type { Socket } from 'socket.io';

/**
 * Fan-out to a thread's readers, made cheaper per socket.
 *
 * Socket.IO already encodes a broadcast once and frames it once for WebSocket (the adapter's
 * `wsPreEncodedFrame`), but then hands that frame to each socket through Engine.IO's packet
 * queue: a packet object, a flush, four events and a write-completion callback per socket, and
 * the frame goes out as two buffers (header and payload, one `writev`). On this 2-core machine that
 * bookkeeping was a fifth to a quarter of the CPU of a reply read by 5,000 sockets
 * (docs/realtime.md, "Fan-out"). Here the adapter joins the frame into one buffer and writes it
 * straight to each WebSocket, as Engine.IO's own pre-encoded path does (`sender.sendFrame`),
 * whenever nothing is queued ahead of it in Engine.IO for that socket, so order is kept. Any other
 * socket (long-polling, compression, an upgrade under way, packets queued) and any other packet
 * (acknowledged, volatile, binary) takes Socket.IO's own path.
 *
 * It reaches into Socket.IO, Engine.IO and ws internals that Engine.IO itself uses (their versions
 * are pinned by package-lock.json); when one is missing the socket simply takes the usual path.
 * The realtime tests run every event through it, in both database modes and across instances
 * (test/e2e/direct-frames.e2e-spec.ts tests it alone).
 */

/** what a pre-encoded broadcast carries from `_encode` to `apply` */
interface PendingFrame {
  packet: unknown;
  frame: Buffer[];
  /** what Engine.IO's own check of a pre-encoded packet reads, made once per broadcast */
  asPacket: { options: PacketOptions };
}

interface PacketOptions {
  volatile?: boolean;
  wsPreEncodedFrame?: Buffer[];
}

/** the adapter's own steps of a broadcast (private in its typings) */
interface AdapterSteps {
  _encode(packet: { id?: number }, packetOpts: PacketOptions): unknown[];
  apply(opts: BroadcastOptions, callback: (socket: Socket) => void): void;
}

/** the parts of an Engine.IO connection and its WebSocket transport the direct write relies on */
interface EngineConnection {
  readyState: string;
  upgrading: boolean;
  writeBuffer: unknown[];
  transport: {
    name: string;
    _canSendPreEncodedFrame?: (packet: { options: PacketOptions }) => boolean;
    socket?: { _sender?: { sendFrame?: (list: Buffer[], cb?: () => void) => void } };
  };
}

interface SocketInternals {
  notifyOutgoingListeners?: (packet: unknown) => void;
}

/** Writes the frame to the socket's WebSocket unless Engine.IO must handle it; says whether it did. */
function writeFrame(socket: Socket, pending: PendingFrame): boolean {
  const conn = socket.conn as unknown as EngineConnection;
  if (conn.readyState !== 'open' || conn.upgrading || conn.writeBuffer.length > 0) return false;
  const transport = conn.transport;
  const sender = transport.socket?._sender;
  if (transport.name !== 'websocket' || typeof sender?.sendFrame !== 'function') return false;
  if (transport._canSendPreEncodedFrame?.(pending.asPacket) !== true) return false;
  (socket as unknown as SocketInternals).notifyOutgoingListeners?.(pending.packet);
  sender.sendFrame(pending.frame);
  return true;
}

/**
 * Makes this adapter write broadcasts straight to WebSockets. Used for the in-memory adapter and the
 * Redis Streams one alike: both deliver to their own sockets through `_encode` then `apply`.
 */
export function withDirectFrames<A extends Adapter>(adapter: A): A {
  const steps = adapter as unknown as Partial<AdapterSteps>;
  if (typeof steps._encode !== 'function' || typeof steps.apply !== 'function') return adapter;
  const encode = steps._encode.bind(adapter);
  const apply = steps.apply.bind(adapter);
  // set by _encode for a plain broadcast, taken by the apply that Adapter.broadcast calls next
  let pending: PendingFrame | null = null;

  steps._encode = (packet, packetOpts) => {
    const encoded = encode(packet, packetOpts);
    const frame = packetOpts.wsPreEncodedFrame;
    // an acknowledged broadcast (id set) must register its acks per socket: Socket.IO's path
    if (packet.id === undefined && !packetOpts.volatile && frame !== undefined) {
      packetOpts.wsPreEncodedFrame = frame.length === 1 ? frame : [Buffer.concat(frame)];
      pending = { packet, frame: packetOpts.wsPreEncodedFrame, asPacket: { options: packetOpts } };
      // Adapter.broadcast calls apply at once; should it ever not, no later apply (a join, a
      // disconnect) may take this frame for its own
      queueMicrotask(() => (pending = null));
    }
    return encoded;
  };

  steps.apply = (opts, callback) => {
    const current = pending;
    pending = null;
    if (current === null) return apply(opts, callback);
    apply(opts, (socket) => {
      if (!writeFrame(socket, current)) callback(socket);
    });
  };
  return adapter;
}
