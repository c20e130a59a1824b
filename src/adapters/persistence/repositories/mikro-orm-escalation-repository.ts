import type { SqlEntityManager } from '@mikro-orm/sql';
import type { EscalationRepository } from '../../../domain/ports/repositories.ts';
import type { Escalation } from '../../../domain/conversation/escalation.ts';
import { ESCALATION_COLUMNS, columns, toEscalation } from '../row-mappers.ts';
import { inList, query } from '../sql-helpers.ts';
import { MikroOrmRepository, findByIdsIn } from '../sql-helpers.ts';
import { EscalationEntity } from '../entities/index.ts';

const SELECT_ESCALATION = `select ${columns('e', '', ESCALATION_COLUMNS)} from escalation e`;

export class MikroOrmEscalationRepository extends MikroOrmRepository implements EscalationRepository {
  async findByIds(shopId: string, ids: readonly string[]): Promise<Escalation[]> {
    return findByIdsIn(this.em, SELECT_ESCALATION, 'e', shopId, ids, (r) => toEscalation(r));
  }

  async findByConversations(shopId: string, conversationIds: readonly string[]): Promise<Escalation[]> {
    const params: unknown[] = [shopId];
    const rows = await query(this.em,
      `${SELECT_ESCALATION} where e.shop_id = ? and ${inList('e.conversation_id', conversationIds, params)}
        order by e.created_at, e.id`, params);
    return rows.map((r) => toEscalation(r));
  }

  async resolveAllOpen(shopId: string, conversationId: string, at: Date): Promise<void> {
    await query(this.em,
      `update escalation set status = 'RESOLVED', resolved_at = ?
        where shop_id = ? and conversation_id = ? and status <> 'RESOLVED'`, [at, shopId, conversationId]);
  }

  async insert(escalation: Escalation): Promise<void> {
    await this.em.insert(EscalationEntity, { ...escalation });
  }

  async takeOverOpen(shopId: string, conversationId: string, at: Date): Promise<Escalation[]> {
    const rows = await query(this.em,
      `update escalation e set status = 'TAKEN_OVER', taken_over_at = ?
        where e.shop_id = ? and e.conversation_id = ? and e.status = 'OPEN' returning ${columns('e', '', ESCALATION_COLUMNS)}`,
      [at, shopId, conversationId]);
    return rows.map((r) => toEscalation(r));
  }
}
