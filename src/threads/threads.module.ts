import { Module } from '@nestjs/common';
import { ForumsModule } from '../forums/forums.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { ThreadsController } from './threads.controller.js';
import { ThreadsRepository } from './threads.repository.js';
import { ThreadsService } from './threads.service.js';

@Module({ imports: [ForumsModule, PostsModule], controllers: [ThreadsController], providers: [ThreadsRepository, ThreadsService], exports: [ThreadsService, ThreadsRepository] })
export class ThreadsModule {}
