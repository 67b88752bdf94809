import path from 'node:path';
import { projectRoot } from '../../app/project-root';

/** Where exports land and the registry looks: models/generated (ignored by git; models/ itself holds hand-made manifests). */
export const defaultModelsDir = path.join(projectRoot, 'models', 'generated');
