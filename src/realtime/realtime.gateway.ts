import { ConnectedSocket, MessageBody, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { OnApplicationShutdown } from '@nestjs/common';
import { acknowledge, EmptyDto, ForumRefDto, MemberRefDto, parsePayload, ThreadJoinDto, ThreadRefDto } from './realtime.dto.js';
import { RealtimeService } from './realtime.service.js';
import type { ForumServer, ForumSocket } from './realtime.types.js';
import { SocketAuth } from './socket-auth.js';

/**
 * The one Socket.IO namespace. Handlers validate the payload, call the service once and answer
 * with an ack; server options (path, limits, recovery, Redis) come from ForumIoAdapter.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit<ForumServer>, OnGatewayConnection<ForumSocket>, OnGatewayDisconnect<ForumSocket>, OnApplicationShutdown {
  constructor(
    private readonly realtime: RealtimeService,
    private readonly socketAuth: SocketAuth,
  ) {}

  afterInit(server: ForumServer): void {
    server.use(this.socketAuth.middleware());
    this.realtime.started(server);
  }

  handleConnection(socket: ForumSocket): void {
    this.realtime.connected(socket);
  }

  handleDisconnect(): void {
    this.realtime.disconnected();
  }

  onApplicationShutdown(): void {
    this.realtime.stopped();
  }

  @SubscribeMessage('thread:join')
  threadJoin(@ConnectedSocket() socket: ForumSocket, @MessageBody() body: unknown) {
    return acknowledge(() => {
      const { threadId, afterPosition } = parsePayload(ThreadJoinDto, body);
      return this.realtime.joinThread(socket, threadId, afterPosition);
    });
  }

  @SubscribeMessage('thread:leave')
  threadLeave(@ConnectedSocket() socket: ForumSocket, @MessageBody() body: unknown) {
    return acknowledge(() => this.realtime.leaveThread(socket, parsePayload(ThreadRefDto, body).threadId));
  }

  @SubscribeMessage('forum:join')
  forumJoin(@ConnectedSocket() socket: ForumSocket, @MessageBody() body: unknown) {
    return acknowledge(() => this.realtime.joinForum(socket, parsePayload(ForumRefDto, body).slug));
  }

  @SubscribeMessage('forum:leave')
  forumLeave(@ConnectedSocket() socket: ForumSocket, @MessageBody() body: unknown) {
    return acknowledge(() => this.realtime.leaveForum(socket, parsePayload(ForumRefDto, body).slug));
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: ForumSocket, @MessageBody() body: unknown) {
    return acknowledge(() => this.realtime.typing(socket, parsePayload(ThreadRefDto, body).threadId));
  }

  @SubscribeMessage('member:join')
  memberJoin(@ConnectedSocket() socket: ForumSocket, @MessageBody() body: unknown) {
    return acknowledge(() => this.realtime.joinMember(socket, parsePayload(MemberRefDto, body).userId));
  }

  @SubscribeMessage('moderators:join')
  moderatorsJoin(@ConnectedSocket() socket: ForumSocket, @MessageBody() body: unknown) {
    return acknowledge(() => {
      parsePayload(EmptyDto, body);
      return this.realtime.joinModerators(socket);
    });
  }
}
