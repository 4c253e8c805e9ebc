import { Router, type Request } from 'express';
import type { Logger } from '@order-platform/service-kit';
import { judgeAction, type ActionPolicy, type ActionVerdict } from '../domain/action-guard.js';
import { isConnectorAction, type ConnectorControl } from '../domain/sources.js';
import { consoleErrors } from '../errors.js';

/** The header the page's script sends: a cross-site form cannot set it (it would need a CORS preflight). */
export const ACTION_HEADER = 'x-console-request';
/** Where the page sends the token when the actions need one. */
export const TOKEN_HEADER = 'x-console-token';

const REFUSALS: Record<Exclude<ActionVerdict, 'allowed'>, string> = {
  'no-token-configured':
    'The console is reachable from other hosts and no CONSOLE_TOKEN is configured: actions are refused.',
  'token-missing': `This console is reachable from other hosts: actions need the console token (${TOKEN_HEADER}).`,
  'token-wrong': 'The console token is wrong.',
};

function refusal(req: Request, policy: ActionPolicy): string | undefined {
  if (req.get(ACTION_HEADER) !== '1') return `Actions come from the console page only (header ${ACTION_HEADER}: 1).`;
  const verdict = judgeAction(policy, req.get(TOKEN_HEADER));
  return verdict === 'allowed' ? undefined : REFUSALS[verdict];
}

/** `POST /console/connectors/{name}/{pause|resume|restart}`: 202 once Kafka Connect took it. */
export function actionRoutes(deps: { policy: ActionPolicy; control: ConnectorControl; logger: Logger }): Router {
  const log = deps.logger.child({ module: 'actions' });
  const router = Router();
  router.post('/console/connectors/:name/:action', async (req, res) => {
    const { name = '', action = '' } = req.params;
    const refused = refusal(req, deps.policy);
    if (refused) {
      log.warn({ connector: name, action, from: req.socket.remoteAddress }, 'connector action refused');
      throw consoleErrors.create('action-forbidden', refused, [{ name: TOKEN_HEADER, reason: 'refused' }]);
    }
    if (!isConnectorAction(action))
      throw consoleErrors.create('unknown-action', `No action ${JSON.stringify(action)}: pause, resume or restart.`, [
        { name: 'action', reason: 'unknown' },
      ]);
    try {
      await deps.control.act(name, action);
    } catch (error) {
      throw consoleErrors.create(
        'connector-action-failed',
        `${action} ${name}: ${error instanceof Error ? error.message : String(error)}`,
        [],
        error,
      );
    }
    log.info({ connector: name, action }, `connector ${action} sent`);
    res.status(202).json({ connector: name, action });
  });
  return router;
}
