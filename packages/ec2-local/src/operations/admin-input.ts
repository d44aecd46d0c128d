// Checks of the JSON bodies the admin endpoint accepts: a bad value is an AwsError (ValidationException), which the
// admin endpoint answers with a 400.
import { AwsError } from '../contracts.js';

export function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new AwsError('ValidationException', `${name} must be a non-empty string`);
  return value;
}

export function integer(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new AwsError('ValidationException', `${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function bool(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new AwsError('ValidationException', `${name} must be true or false`);
  return value;
}

export function finite(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new AwsError('ValidationException', `${name} must be a number from ${min} to ${max}`);
  }
  return value;
}
