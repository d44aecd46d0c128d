// Templates for the differential tests, each a set of files for one directory. They use only what Packer 1.6.6
// and 1.16 treat alike (packer-features.md): no `local` blocks, data sources, optional(), `type = any` (1.6.6
// wants an exact type) or build-level renames of sources, and var files given HCL-before-JSON (1.6.6 applied
// JSON var files last, 1.16 keeps their order).

const nullSource = (name: string) => `source "null" "${name}" {\n  communicator = "none"\n}\n`;

/** A variable of every type, a sensitive one, an unset one, locals over them, one build. */
export const TYPES: Record<string, string> = {
  'types.pkr.hcl': `variable "s" {
  type    = string
  default = "hello"
}
variable "n" {
  type    = number
  default = 3.5
}
variable "big" {
  type    = number
  default = 12345678901234567890
}
variable "b" {
  type    = bool
  default = true
}
variable "l" {
  type    = list(string)
  default = ["a", "b"]
}
variable "ln" {
  type    = list(number)
  default = []
}
variable "st" {
  type    = set(number)
  default = [3, 1, 2, 1]
}
variable "m" {
  type    = map(string)
  default = { k1 = "v1", k2 = "v2" }
}
variable "mn" {
  type    = map(number)
  default = {}
}
variable "o" {
  type    = object({ name = string, size = number, tags = list(string) })
  default = { name = "x", size = 2, tags = ["t"] }
}
variable "t" {
  type    = tuple([string, number, bool])
  default = ["a", 1, false]
}
variable "a" {
  default = { nested = [1, "two"] }
}
variable "untyped" {
  default = "u"
}
variable "untyped_list" {
  default = ["x", "y"]
}
variable "nullable" {
  type    = string
  default = null
}
variable "heredoc" {
  description = <<EOT
A description
on two lines
EOT
  default     = <<EOT
line one
line two
EOT
}
variable "secret" {
  type      = string
  default   = "hunter2"
  sensitive = true
}
variable "req" {
  type = string
}
locals {
  joined  = join("-", var.l)
  doubled = var.n * 2
  upper_m = { for k, v in var.m : upper(k) => v }
  names   = [for x in var.o.tags : "\${var.o.name}-\${x}"]
  from_a  = var.a.nested[1]
  count   = length(var.st)
}
${nullSource('one')}
build {
  name        = "types"
  description = "every type"
  sources     = ["source.null.one"]
  provisioner "shell-local" {
    inline = ["echo \${local.joined} \${var.req}"]
  }
}
`,
};

/** Every value source for variables: default < env < auto HCL < auto JSON < -var-file (HCL, then JSON) < -var. */
export const LAYERS = ['default', 'env', 'auto_hcl', 'auto_json', 'file_hcl', 'file_json', 'cmd'] as const;

const layerVar = (layer: string) => `variable "v_${layer}" {\n  type    = string\n  default = "default"\n}\n`;
/**
 * A var file assigning every variable from layer `from` on (later layers override it for theirs), but `skip`:
 * 1.6.6 applied every JSON var file after all HCL ones, so an auto JSON file would beat `-var-file x.hcl` there.
 */
const layerAssignments = (from: number, value: string, json: boolean, skip?: string): string => {
  const names = LAYERS.slice(from).filter((l) => l !== skip).map((l) => `v_${l}`);
  if (json) return '{\n' + names.map((n) => `  "${n}": "${value}"`).join(',\n') + '\n}\n';
  return names.map((n) => `${n} = "${value}"`).join('\n') + '\n';
};

export const PRECEDENCE: Record<string, string> = {
  'vars.pkr.hcl':
    LAYERS.map(layerVar).join('') +
    `locals {\n  all = join(",", [${LAYERS.map((l) => `var.v_${l}`).join(', ')}])\n}\n` +
    nullSource('p') +
    'build {\n  name    = "precedence"\n  sources = ["source.null.p"]\n  provisioner "shell-local" {\n    inline = ["echo ${local.all}"]\n  }\n}\n',
  'b.auto.pkrvars.hcl': layerAssignments(2, 'auto_hcl', false),
  'a.auto.pkrvars.json': layerAssignments(3, 'auto_json', true, 'file_hcl'),
  'c.pkrvars.hcl': layerAssignments(4, 'file_hcl', false),
  'd.pkrvars.json': layerAssignments(5, 'file_json', true),
  // Named like an auto file but misspelled: never loaded.
  'e.auto.pkrvar.hcl': layerAssignments(0, 'misspelled', false),
};

/** The arguments and environment that set every layer of PRECEDENCE. */
export const PRECEDENCE_ARGS = {
  args: ['-var-file', 'c.pkrvars.hcl', '-var-file=d.pkrvars.json', '-var', 'v_cmd=first', '-var', 'v_cmd=cmd'],
  env: Object.fromEntries(LAYERS.slice(1).map((l) => [`PKR_VAR_v_${l}`, 'env'])),
};

/** Locals across two files, in an order that needs resolving, with Packer's functions. */
export const LOCALS: Record<string, string> = {
  'a.pkr.hcl': `locals {
  final   = "\${local.middle}!"
  encoded = jsonencode({ list = local.list, n = local.number })
  picked  = lookup(local.map, "b", "none")
  missing = lookup(local.map, "z", "none")
}
variable "prefix" {
  default = "pre"
}
`,
  'b.pkr.hcl': `locals {
  middle = "\${local.first}-\${var.prefix}"
  first  = upper("start")
  list   = sort(["c", "a", "b"])
  number = max(3, 7, 5) + abs(-2)
  map    = zipmap(["a", "b"], [1, 2])
  fmt    = format("%05.1f|%-4s|%x", 3.14159, "ab", 255)
  split  = split(",", "x,y,,z")
  cidr   = cidrsubnet("10.0.0.0/16", 8, 3)
  range  = range(1, 10, 3)
  merged = merge({ a = 1 }, { b = 2 }, { a = 3 })
  flat   = flatten([[1, [2]], [3]])
  cond   = length(local.list) > 2 ? "many" : "few"
}
locals {
  splat = [for s in [{ n = 1 }, { n = 2 }] : s.n]
  tpl   = "%{for x in local.list}[\${x}]%{endfor}"
}
`,
};

/** Dynamic blocks in a build: sources and provisioners from variables and locals; per-source only/except. */
export const DYNAMIC: Record<string, string> = {
  'build.pkr.hcl': `variable "steps" {
  type    = list(string)
  default = ["one", "two"]
}
locals {
  sources = ["alpha", "beta"]
}
${nullSource('alpha')}${nullSource('beta')}${nullSource('gamma')}
build {
  name = "dyn"
  dynamic "source" {
    for_each = local.sources
    labels   = ["null.\${source.value}"]
    content {}
  }
  dynamic "provisioner" {
    for_each = var.steps
    iterator = step
    labels   = ["shell-local"]
    content {
      inline = ["echo \${step.key} \${step.value}"]
    }
  }
  provisioner "shell-local" {
    only   = ["null.alpha"]
    inline = ["echo only alpha"]
  }
  provisioner "shell-local" {
    except = ["null.alpha"]
    inline = ["echo not alpha"]
  }
  post-processor "shell-local" {
    name   = "pp"
    inline = ["echo pp"]
  }
}
build {
  sources = ["source.null.gamma"]
  post-processors {
    post-processor "shell-local" {
      name   = "first"
      inline = ["echo 1"]
    }
    post-processor "shell-local" {
      inline = ["echo 2"]
    }
  }
}
`,
};

/** Templates with errors both versions report the same way, by file name. */
export const PARSE_ERRORS: Record<string, string> = {
  'duplicate_variable.pkr.hcl': 'variable "a" {\n  default = 1\n}\nvariable "a" {\n  default = 2\n}\n',
  'unknown_variable_key.pkr.hcl': 'variable "a" {\n  default = 1\n  invalid = true\n}\n',
  'invalid_default.pkr.hcl': 'variable "a" {\n  type    = list(string)\n  default = true\n}\n',
  'duplicate_source.pkr.hcl': nullSource('a') + nullSource('a'),
  'bad_expression.pkr.hcl': 'locals {\n  a = 1 +\n}\n',
};

/** A valid build and invalid ones, for validate's exit codes (messages differ between the versions). */
export const VALIDATE: Record<string, string> = {
  'ok.pkr.hcl': nullSource('a') + 'build {\n  sources = ["source.null.a"]\n  provisioner "shell-local" {\n    inline = ["echo hi"]\n  }\n  post-processor "shell-local" {\n    inline = ["echo pp"]\n  }\n}\n',
  'no_command.pkr.hcl': nullSource('a') + 'build {\n  sources = ["source.null.a"]\n  provisioner "shell-local" {\n  }\n}\n',
  'unknown_provisioner.pkr.hcl': nullSource('a') + 'build {\n  sources = ["source.null.a"]\n  provisioner "no-such-thing" {\n  }\n}\n',
  'unknown_source.pkr.hcl': nullSource('a') + 'build {\n  sources = ["source.null.b"]\n}\n',
  'unknown_argument.pkr.hcl': nullSource('a') + 'build {\n  sources = ["source.null.a"]\n  provisioner "shell-local" {\n    inline = ["echo"]\n    nope   = 1\n  }\n}\n',
  'null_needs_host.pkr.hcl': 'source "null" "a" {\n}\nbuild {\n  sources = ["source.null.a"]\n}\n',
  'unset.pkr.hcl': 'variable "x" {\n  type = number\n}\n' + nullSource('a') + 'build {\n  sources = ["source.null.a"]\n}\n',
};
