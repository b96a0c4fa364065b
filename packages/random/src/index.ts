export { Random, seededUniform } from './random';
