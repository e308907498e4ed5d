import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ROLES = ['member', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('text')
  username: string;

  @Column('text', { nullable: true })
  email: string | null;

  /** null for placeholder members (imported posts) who cannot log in */
  @Column('text', { nullable: true, select: false })
  passwordHash: string | null;

  @Column('text', { default: 'member' })
  role: Role;

  /** a clearly marked stand-in for an unknown author of imported posts */
  @Column('boolean', { default: false })
  isPlaceholder: boolean;

  @Column('integer', { default: 0 })
  postCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
