import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { ACTION_RULES, ActionName } from '../../../../domain/actions';
import { api, ApiError, idempotencyKey, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import type { Me } from '../../auth/session';

export type Dossier = components['schemas']['Dossier'];
export type Action = ActionName;

/**
 * The actions the role acting now may take on this dossier, by domain/actions.ts ACTION_RULES (the rules' one
 * home: role, unit, status, assignee) and the few facts the special rules look at. The server judges again.
 */
export function allowedActions(d: Dossier, me: Me | null | undefined): Action[] {
  const active = me?.active;
  if (!active) return [];
  const principal = active.onBehalfOf ?? me.sub;
  const supplementRequests = d.supplements.length;
  return ActionName.options.filter((a) => {
    // Progress reports come from the departments' own systems (POST /dossiers/{code}/progress); the console has no form for them yet.
    if (a === 'progress') return false;
    const rule = ACTION_RULES[a];
    if (!rule.roles.includes(active.role) || !rule.from.includes(d.status)) return false;
    if (rule.unit === 'department' && active.unitId !== d.departmentId) return false;
    if (rule.unit === 'return_branch' && active.unitId !== d.returnBranchId) return false;
    if (rule.assigneeOnly && principal !== d.assignee) return false;
    switch (a) {
      case 'request-supplement':
        // The first request is the assignee's; a second only the leader's; never a third (domain.md §4).
        return supplementRequests === 0 ? active.role === 'officer' && principal === d.assignee : supplementRequests === 1 && active.role === 'leader';
      case 'apologize':
        return !d.apology;
      case 'pay-fee':
        return Boolean(d.fee && !d.fee.paidAt && (d.fee.amount === null || d.fee.amount > 0));
      default:
        return true;
    }
  });
}

const ACTION_PATH = {
  claim: '/api/v1/dossiers/{code}/actions/claim',
  reassign: '/api/v1/dossiers/{code}/actions/reassign',
  'request-supplement': '/api/v1/dossiers/{code}/actions/request-supplement',
  supplement: '/api/v1/dossiers/{code}/actions/supplement',
  submit: '/api/v1/dossiers/{code}/actions/submit',
  'send-back': '/api/v1/dossiers/{code}/actions/send-back',
  approve: '/api/v1/dossiers/{code}/actions/approve',
  apologize: '/api/v1/dossiers/{code}/actions/apologize',
  return: '/api/v1/dossiers/{code}/actions/return',
  withdraw: '/api/v1/dossiers/{code}/actions/withdraw',
  'pay-fee': '/api/v1/dossiers/{code}/actions/pay-fee',
  release: '/api/v1/dossiers/{code}/actions/release',
  progress: '/api/v1/dossiers/{code}/progress',
} as const satisfies Record<Action, string>;

/** Not an answer of the rules (the network, a busy server): the same press, sent again, keeps its key. */
function unanswered(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 0 || e.status === 503);
}

export interface ActionRequest {
  code: string;
  action: Action;
  body: Record<string, unknown>;
}

/**
 * One staff action on a dossier (POST /dossiers/{code}/actions/{action}) with an Idempotency-Key: a fresh key per
 * press; a press that got no answer (network, 503) and is pressed again with the same request reuses its key, so
 * the action happens once. Afterwards the dossier, the lists and the tasks are fetched again.
 */
export function useDossierAction() {
  const qc = useQueryClient();
  const last = useRef<{ request: string; key: string; unanswered: boolean } | null>(null);
  const mutation = useMutation({
    mutationFn: async ({ code, action, body, key }: ActionRequest & { key: string }) => {
      // The paths' bodies differ by action; the server's schema (domain/actions.ts ActionBody) checks each.
      const post = api.POST as unknown as (path: string, init: unknown) => Promise<{ data?: Dossier; error?: unknown; response: Response }>;
      return unwrap(post(ACTION_PATH[action], { params: { path: { code } }, body, headers: { 'Idempotency-Key': key } }));
    },
    retry: (count, e) => count < 2 && unanswered(e),
    onSuccess: (dossier) => {
      qc.setQueryData(['dossier', dossier.code], dossier);
    },
    onError: (e) => {
      if (last.current) last.current.unanswered = unanswered(e);
    },
    onSettled: (_d, _e, vars) => {
      void qc.invalidateQueries({ queryKey: ['dossier', vars.code] });
      void qc.invalidateQueries({ queryKey: ['inbox'] });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
  const run = (request: ActionRequest, options?: Parameters<typeof mutation.mutate>[1]) => {
    const id = JSON.stringify(request);
    const key = last.current && last.current.request === id && last.current.unanswered ? last.current.key : idempotencyKey();
    last.current = { request: id, key, unanswered: false };
    mutation.mutate({ ...request, key }, options);
  };
  return { ...mutation, run };
}
