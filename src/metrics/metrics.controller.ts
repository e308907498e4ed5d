import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { dbPool, registry } from './metrics.js';

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Header('Content-Type', registry.contentType)
  async metrics(): Promise<string> {
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (pool) {
      dbPool.set({ state: 'total' }, pool.totalCount);
      dbPool.set({ state: 'idle' }, pool.idleCount);
      dbPool.set({ state: 'waiting' }, pool.waitingCount);
    }
    return registry.metrics();
  }
}
