import { Module } from '@nestjs/common';
import { ForumsController } from './forums.controller.js';
import { ForumsRepository } from './forums.repository.js';
import { ForumsService } from './forums.service.js';

@Module({ controllers: [ForumsController], providers: [ForumsRepository, ForumsService], exports: [ForumsService] })
export class ForumsModule {}
