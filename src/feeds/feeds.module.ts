import { Module } from '@nestjs/common';
import { ForumsModule } from '../forums/forums.module.js';
import { FeedsController } from './feeds.controller.js';
import { FeedsRepository } from './feeds.repository.js';
import { FeedsService } from './feeds.service.js';

@Module({ imports: [ForumsModule], controllers: [FeedsController], providers: [FeedsRepository, FeedsService] })
export class FeedsModule {}
