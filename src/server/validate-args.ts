import { getNamedType } from 'graphql';
import { validate, ValidationError } from 'class-validator';
import { ResolverData } from 'type-graphql';
import { BadUserInputError } from '../common/errors';

function firstProblem(errors: ValidationError[], path: string[]): { path: string[]; message: string } | null {
  for (const e of errors) {
    const here = [...path, e.property];
    const message = Object.values(e.constraints ?? {})[0];
    if (message) return { path: here, message };
    const nested = firstProblem(e.children ?? [], here);
    if (nested) return nested;
  }
  return null;
}

/**
 * type-graphql's argument validator: runs class-validator on each input object and throws BAD_USER_INPUT whose
 * `field` is the full path from the argument (`["items", "2", "quantity"]`). Messages name the rule broken and
 * never the value, so nothing sent (a card number, say) is echoed back.
 */
export async function validateArgs(argValue: unknown, argType: unknown, data: ResolverData<object>): Promise<void> {
  if (argValue === null || argValue === undefined || typeof argValue !== 'object' || typeof argType !== 'function') return;
  const typeName = (argType as { name: string }).name;
  const field = data.info.parentType.getFields()[data.info.fieldName];
  const argName = field?.args.find((a) => getNamedType(a.type).name === typeName)?.name ?? typeName;
  const values = Array.isArray(argValue) ? argValue : [argValue];
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null || typeof values[i] !== 'object') continue;
    const errors = await validate(values[i] as object, { forbidUnknownValues: false, validationError: { target: false, value: false } });
    const problem = firstProblem(errors, Array.isArray(argValue) ? [argName, String(i)] : [argName]);
    if (problem) throw new BadUserInputError(problem.message, problem.path);
  }
}
