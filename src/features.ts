// The second bundle (dist/features.js): everything a command needs, loaded on the first
// command rather than at activation. Each feature contributes handlers by command id.
import type { CommandHandler, CommandId } from './commandIds';
import type { Services } from './services';
import { apiKeyCommands } from './commands/apiKeyCommands';
import { chooseModelCommands } from './commands/chooseModel';
import { withFailureReporting } from './commands/commandRunner';
import { explorerCommands } from './commands/explorerCommands';
import { generateCommands } from './commands/generateImage';
import { studioCommands } from './panels/studio/studioCommands';
import { maskEditorCommands } from './panels/maskEditor/maskEditorCommands';

export { restoreStudioPanel } from './panels/studio/studioCommands';
export { resolveMaskEditor } from './panels/maskEditor/maskEditorProvider';

export function createCommandHandlers(services: Services): Record<CommandId, CommandHandler> {
  const handlers: Record<CommandId, CommandHandler> = {
    ...apiKeyCommands(services),
    ...chooseModelCommands(services),
    ...generateCommands(services),
    ...explorerCommands(services),
    ...studioCommands(services),
    ...maskEditorCommands(services),
  };
  for (const id of Object.keys(handlers) as CommandId[]) {
    handlers[id] = withFailureReporting(services, id, handlers[id]);
  }
  return handlers;
}
