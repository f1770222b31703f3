import * as fc from 'fast-check';
import { Construct, type IConstruct } from 'constructs';
import { childrenOf, dependenciesOf, validationMessagesOf } from '../../src/synth/construct-tree';

/** What a generated tree does: add a child to construct k, a dependency between two, a validation, or remove a dependency. */
type Step =
  | { readonly op: 'child'; readonly parent: number }
  | { readonly op: 'depend'; readonly from: number; readonly to: number }
  | { readonly op: 'undepend'; readonly from: number; readonly to: number }
  | { readonly op: 'validate'; readonly on: number; readonly messages: readonly string[] };

const index = fc.nat({ max: 30 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('child' as const), parent: index }),
  fc.record({ op: fc.constant('depend' as const), from: index, to: index }),
  fc.record({ op: fc.constant('undepend' as const), from: index, to: index }),
  fc.record({ op: fc.constant('validate' as const), on: index, messages: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }) }),
);

function build(steps: readonly Step[]): IConstruct[] {
  const all: IConstruct[] = [new Construct(undefined as unknown as Construct, '')];
  const at = (k: number): IConstruct => all[k % all.length] as IConstruct;
  steps.forEach((s, i) => {
    if (s.op === 'child') all.push(new Construct(at(s.parent), `c${i}`));
    else if (s.op === 'depend' && at(s.from) !== at(s.to)) at(s.from).node.addDependency(at(s.to));
    else if (s.op === 'undepend') at(s.from).node.removeDependency(at(s.to));
    else if (s.op === 'validate') at(s.on).node.addValidation({ validate: () => [...s.messages] });
  });
  return all;
}

describe('construct tree readers give what the constructs library\'s accessors give', () => {
  test('children, dependencies and validation messages of every construct of generated trees', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        for (const c of build(steps)) {
          expect(childrenOf(c)).toEqual(c.node.children);
          expect(dependenciesOf(c)).toEqual(c.node.dependencies);
          expect(validationMessagesOf(c)).toEqual(c.node.validate());
        }
      }),
      { numRuns: 200 },
    );
  });

  test('a construct with nothing added lists nothing; one with something lists it', () => {
    const root = new Construct(undefined as unknown as Construct, '');
    const a = new Construct(root, 'a');
    const b = new Construct(root, 'b');
    expect([childrenOf(a), dependenciesOf(a), validationMessagesOf(a)]).toEqual([[], [], []]);
    expect(childrenOf(a)).toBe(childrenOf(b)); // one shared empty list, no allocation
    a.node.addDependency(b);
    a.node.addValidation({ validate: () => ['bad'] });
    expect([childrenOf(root), dependenciesOf(a), validationMessagesOf(a)]).toEqual([[a, b], [b], ['bad']]);
  });

  test('a node that keeps its lists elsewhere is read through the public accessors', () => {
    const root = new Construct(undefined as unknown as Construct, '');
    const child = new Construct(root, 'child');
    root.node.addValidation({ validate: () => ['from validate()'] });
    // A node without the fields this version keeps: only the accessors know the answer.
    const node = { children: [child], dependencies: [child], validate: (): string[] => ['from validate()'] };
    const foreign = { node } as unknown as IConstruct;
    expect([childrenOf(foreign), dependenciesOf(foreign), validationMessagesOf(foreign)]).toEqual([[child], [child], ['from validate()']]);
  });
});
