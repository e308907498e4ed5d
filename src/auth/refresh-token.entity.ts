import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A refresh token is `<id>.<secret>`; only a SHA-256 of the secret is stored. */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryColumn('uuid')
  id: string;

  @Column('integer')
  userId: number;

  /** every token of one login shares a family; reuse of a rotated token revokes the family */
  @Column('uuid')
  familyId: string;

  @Column('text')
  secretHash: string;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('uuid', { nullable: true })
  replacedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
