import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/** At most this many waiting submissions are listed (the API's own ceiling); the count says when there are more. */
export const QUEUE_LIMIT = 500;

/**
 * The online submissions waiting in the clerk's units, oldest first. The header's badge and the screen share the
 * query (one key): handling one refreshes both.
 */
export const onlineQueueKey = ['online-submissions', 'submitted'] as const;

export function useOnlineQueue(enabled = true) {
  return useQuery({
    queryKey: onlineQueueKey,
    queryFn: () => unwrap(api.GET('/api/v1/online-submissions', { params: { query: { status: 'submitted', limit: QUEUE_LIMIT } } })),
    enabled,
    // The portal pushes at any time: the queue is looked at again every 30 s.
    refetchInterval: 30_000,
  });
}
