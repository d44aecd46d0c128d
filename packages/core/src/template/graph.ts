// Evaluating locals and data sources (types.packer_config.go, parser.go). By default they form one dependency
// graph, evaluated dependencies first; a cycle or a reference to something undefined stops everything with
// "failed to prepare execution graph". `-use-sequential-evaluation` keeps Packer's older order: every data
// source first (recursing into data-on-data dependencies), then every local (recursing into local-on-local
// dependencies, at most 10 deep).
import {
  bodyJustAttributes,
  evaluate,
  hasErrors,
  rangeBetween,
  unknownVal,
  variables as exprVariables,
  type Body,
  type Diagnostic,
  type Traversal,
} from '@tspacker/hcl';
import { configErrorsText, configFromValue, configType, decodeConfig, goMultiErrorText, valueFromConfig } from '@tspacker/sdk';
import { evalContext } from './context.js';
import type { DatasourceBlock, LocalBlock, PackerConfig } from './types.js';

// ---- references --------------------------------------------------------------------------------------------------

/** A `local.NAME` or `data.TYPE.NAME` reference (refString). */
interface Ref {
  readonly key: string;
}

/** NewRefStringFromDep: the reference a traversal makes, or an error text for a malformed one. */
function refFromTraversal(t: Traversal): Ref | string {
  const root = t[0]?.kind === 'root' ? t[0].name : '';
  const attr = (i: number): string | undefined => {
    const s = t[i];
    return s?.kind === 'attr' ? s.name : undefined;
  };
  if (root === 'local' || root === 'var') {
    const name = attr(1);
    return name === undefined ? `unsupported refstring for ${root}: an attribute name must follow` : { key: `${root}.${name}` };
  }
  if (root === 'data') {
    const type = attr(1);
    const name = attr(2);
    if (type === undefined || name === undefined) {
      return `malformed datasource reference "${t.map((s) => ('name' in s ? s.name : '')).join('.')}", data sources must be composed of 3 parts`;
    }
    return { key: `data.${type}.${name}` };
  }
  return `unsupported refstring, must be of 'data', 'local' or 'var' type`;
}

/** GetVarsByType: the traversals of every attribute of a body, nested blocks included, with the given roots. */
export function bodyTraversals(body: Body, roots: readonly string[]): Traversal[] {
  const out: Traversal[] = [];
  const collect = (b: Body): void => {
    if (b.kind === 'nativeBody') {
      for (const attr of b.attributes) out.push(...exprVariables(attr.expr));
      for (const block of b.blocks) collect(block.body);
    } else {
      for (const attr of bodyJustAttributes(b).attributes.values()) out.push(...exprVariables(attr.expr));
    }
  };
  collect(body);
  return out.filter((t) => t[0]?.kind === 'root' && roots.includes(t[0].name));
}

function traversalsOf(node: Node): Traversal[] {
  if (node.kind === 'data') return bodyTraversals(node.ds.body, ['data', 'local']);
  return exprVariables(node.local.expr).filter((t) => t[0]?.kind === 'root' && (t[0].name === 'data' || t[0].name === 'local'));
}

// ---- evaluating one node ----------------------------------------------------------------------------------------

/** packer-plugin-sdk's MultiError text, as a plugin's Configure error reads. */
function sdkMultiErrorText(errors: readonly string[]): string {
  return `${errors.length} error(s) occurred:\n\n${errors.map((e) => `* ${e}`).join('\n')}`;
}

/** evaluateDatasource: configure the data source from its body, then execute it (or use an unknown value). */
export async function evaluateDatasource(config: PackerConfig, ds: DatasourceBlock, skipExecution: boolean): Promise<Diagnostic[]> {
  const registry = config.options.components.dataSources;
  const component = registry.get(ds.type);
  if (!component) {
    return [
      {
        severity: 'error',
        summary: `Unknown data type ${ds.type}`,
        detail: `known data sources: [${[...registry.keys()].sort().join(' ')}]`,
        subject: ds.block.labelRanges[0],
      },
    ];
  }
  const decoded = decodeConfig(ds.body, component.configSpec, evalContext(config, 'locals'));
  const diags = [...decoded.diags];
  if (hasErrors(diags)) return diags;
  const { config: dsConfig, errors } = configFromValue(component.configSpec, decoded.value);
  if (errors.length > 0) {
    diags.push({ severity: 'error', summary: configErrorsText(errors), subject: ds.block.defRange });
    return diags;
  }
  const prepared = component.prepare(dsConfig);
  if (prepared.errors && prepared.errors.length > 0) {
    diags.push({ severity: 'error', summary: sdkMultiErrorText(prepared.errors), subject: ds.block.defRange });
    return diags;
  }
  if (skipExecution) {
    ds.value = unknownVal(configType(component.outputSpec));
    return diags;
  }
  try {
    ds.value = valueFromConfig(component.outputSpec, await component.execute(dsConfig));
  } catch (e) {
    diags.push({ severity: 'error', summary: (e as Error).message, subject: ds.block.defRange });
  }
  return diags;
}

/** evaluateLocalVariable: the local's value in the locals context; set only when it evaluates cleanly. */
export function evaluateLocal(config: PackerConfig, local: LocalBlock): Diagnostic[] {
  const { value, diags } = evaluate(local.expr, evalContext(config, 'locals'));
  if (!hasErrors(diags)) {
    config.localVariables.set(local.name, {
      name: local.name,
      type: value.type,
      description: '',
      sensitive: local.sensitive,
      values: [{ from: 'default', value, expr: local.expr, range: local.expr.range }],
      validations: [],
      range: local.range,
    });
  }
  return diags;
}

// ---- the dependency graph ---------------------------------------------------------------------------------------

type Node = { kind: 'data'; ds: DatasourceBlock; key: string; name: string } | { kind: 'local'; local: LocalBlock; key: string; name: string };

/** Tarjan's strongly connected components (dag.StronglyConnected): a component of two or more is a cycle. */
function stronglyConnected(nodes: readonly Node[], edges: ReadonlyMap<Node, readonly Node[]>): Node[][] {
  const index = new Map<Node, number>();
  const stack: Node[] = [];
  const sccs: Node[][] = [];
  let next = 1;
  const visit = (v: Node): number => {
    const idx = next++;
    index.set(v, idx);
    stack.push(v);
    let min = idx;
    for (const w of edges.get(v) ?? []) {
      const wi = index.get(w);
      if (wi === undefined) min = Math.min(min, visit(w));
      else if (stack.includes(w)) min = Math.min(min, wi);
    }
    if (idx === min) {
      const scc: Node[] = [];
      for (;;) {
        const x = stack.pop()!;
        scc.push(x);
        if (x === v) break;
      }
      sccs.push(scc);
    }
    return min;
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return sccs;
}

/** evaluateBuildPrereqs: locals and data sources in dependency order; stops at the first failing one. */
export async function evaluateGraph(config: PackerConfig, skipDatasources: boolean): Promise<Diagnostic[]> {
  const nodes: Node[] = [];
  const byKey = new Map<string, Node>();
  for (const ds of config.datasources.values()) {
    const n: Node = { kind: 'data', ds, key: `data.${ds.type}.${ds.name}`, name: `${ds.type}.${ds.name}` };
    nodes.push(n);
    byKey.set(n.key, n);
  }
  for (const local of config.localBlocks) {
    const n: Node = { kind: 'local', local, key: `local.${local.name}`, name: `local.${local.name}` };
    nodes.push(n);
    byKey.set(n.key, n);
  }

  // detectBuildPrereqDependencies
  const diags: Diagnostic[] = [];
  const deps = new Map<Node, string[]>();
  for (const n of nodes) {
    const refs: string[] = [];
    for (const t of traversalsOf(n)) {
      if (t.length < 2) continue; // `local`/`data` alone may be an iterator's name
      const ref = refFromTraversal(t);
      if (typeof ref === 'string') {
        const what = n.kind === 'data' ? `data source ${n.name}` : `local variable ${n.local.name}`;
        // Packer gives no range here; the reference's own is more useful than none.
        diags.push({
          severity: 'error',
          summary: `failed to process ${n.kind === 'data' ? 'datasource' : 'local'} dependency`,
          detail: `An error occurred while processing a dependency for ${what}: ${ref}`,
          subject: rangeBetween(t[0]!.range, t[t.length - 1]!.range),
        });
        continue;
      }
      if (!refs.includes(ref.key)) refs.push(ref.key);
    }
    deps.set(n, refs);
  }
  if (hasErrors(diags)) return diags;

  // buildPrereqsDAG
  const errors: string[] = [];
  const edges = new Map<Node, Node[]>();
  for (const n of nodes) {
    const targets: Node[] = [];
    for (const key of deps.get(n)!) {
      const target = byKey.get(key);
      if (!target) {
        errors.push(`could not get dependency "${key}" for "${n.key}", "${key}" missing in template`);
        continue;
      }
      targets.push(target);
    }
    edges.set(n, targets);
  }
  const cycleErrors: string[] = [];
  for (const scc of stronglyConnected(nodes, edges)) {
    if (scc.length > 1) cycleErrors.push(`Cycle: ${scc.map((n) => n.name).join(', ')}`);
  }
  for (const n of nodes) if (edges.get(n)!.includes(n)) cycleErrors.push(`Self reference: ${n.name}`);
  if (cycleErrors.length > 0) errors.push(cycleErrors.join('\n'));
  if (errors.length > 0) {
    return [
      {
        severity: 'error',
        summary: 'failed to prepare execution graph',
        detail: `An error occurred while building the graph for datasources/locals: ${goMultiErrorText(errors)}`,
      },
    ];
  }

  // ReverseTopologicalOrder: dependencies before their dependents.
  const order: Node[] = [];
  const done = new Set<Node>();
  const visit = (n: Node): void => {
    if (done.has(n)) return;
    done.add(n);
    for (const d of edges.get(n)!) visit(d);
    order.push(n);
  };
  nodes.forEach(visit);

  for (const n of order) {
    const nodeDiags = n.kind === 'data' ? await evaluateDatasource(config, n.ds, skipDatasources) : evaluateLocal(config, n.local);
    if (hasErrors(nodeDiags)) return nodeDiags;
  }
  return [];
}

// ---- sequential evaluation ----------------------------------------------------------------------------------------

/** evaluateDatasources (sequential mode): data sources, each after the data sources it refers to. */
export async function evaluateDatasourcesSequentially(config: PackerConfig, skipExecution: boolean): Promise<Diagnostic[]> {
  const diags: Diagnostic[] = [];
  const pending = new Map<string, string[]>();
  for (const [key, ds] of config.datasources) {
    if (ds.value !== undefined) continue;
    const on: string[] = [];
    for (const t of bodyTraversals(ds.body, ['data'])) {
      const type = t[1]?.kind === 'attr' ? t[1].name : undefined;
      const name = t[2]?.kind === 'attr' ? t[2].name : undefined;
      if (type !== undefined && name !== undefined) on.push(`${type}.${name}`);
    }
    pending.set(key, on);
  }

  const evaluateOne = async (key: string, depth: number): Promise<Diagnostic[]> => {
    const ds = config.datasources.get(key)!;
    if (depth > 10) {
      return [
        {
          severity: 'error',
          summary: 'Max datasource recursion depth exceeded.',
          detail:
            'An error occured while recursively evaluating data sources. Either your data source depends on more than ten other data sources, or your data sources have a cyclic dependency. Please simplify your config to continue. ',
          subject: ds.block.defRange,
        },
      ];
    }
    const out: Diagnostic[] = [];
    for (const dep of pending.get(key) ?? []) {
      if (!pending.has(dep)) continue;
      depth += 1;
      const more = await evaluateOne(dep, depth);
      out.push(...more);
      if (hasErrors(more)) return [...out, ...more];
    }
    out.push(...(await evaluateDatasource(config, ds, skipExecution)));
    if (!hasErrors(out) && !skipExecution) pending.delete(key);
    return out;
  };

  for (const key of [...pending.keys()]) {
    if (!pending.has(key)) continue;
    // Recursion repeats diagnostics: keep one per summary.
    const bySummary = new Map<string, Diagnostic>();
    for (const d of await evaluateOne(key, 0)) bySummary.set(d.summary, d);
    diags.push(...bySummary.values());
  }
  return diags;
}

/** evaluateLocalVariables (sequential mode): each local after the locals it refers to, at most 10 deep. */
export function evaluateLocalsSequentially(config: PackerConfig): Diagnostic[] {
  const locals = config.localBlocks;
  if (locals.length === 0) return [];
  const deps = new Map<LocalBlock, string[]>();
  for (const local of locals) {
    const names: string[] = [];
    for (const t of exprVariables(local.expr)) {
      if (t[0]?.kind !== 'root' || t[0].name !== 'local' || t.length < 2) continue;
      if (t[1]?.kind === 'attr') names.push(t[1].name);
    }
    deps.set(local, names);
  }
  const evaluated = new Set<LocalBlock>();
  const recurse = (local: LocalBlock, depth: number): Diagnostic[] => {
    if (evaluated.has(local)) return [];
    if (depth >= 10) {
      return [
        {
          severity: 'error',
          summary: 'Max local recursion depth exceeded.',
          detail:
            'An error occured while recursively evaluating locals.Your local variables likely have a cyclic dependency. Please simplify your config to continue. ',
        },
      ];
    }
    const diags: Diagnostic[] = [];
    for (const dep of deps.get(local)!) {
      const block = locals.find((l) => l.name === dep);
      if (!block) {
        diags.push({
          severity: 'error',
          summary: 'failed to get local variable',
          detail: `While evaluating "local.${local.name}", its dependency "local.${dep}" was not found, is it defined?`,
        });
        return diags;
      }
      diags.push(...recurse(block, depth + 1));
    }
    evaluated.add(local);
    diags.push(...evaluateLocal(config, local));
    return diags;
  };
  const diags: Diagnostic[] = [];
  for (const local of locals) diags.push(...recurse(local, 0));
  return diags;
}
