# A template that needs nothing but tspacker's built-in components: `tspacker validate`, `inspect` and `build`
# treat it as Packer does (variables, locals, two builds, provisioners, a post-processor). `build` writes
# note.txt and hello-manifest.json in the current directory.

variable "greeting" {
  type        = string
  default     = "hello"
  description = "What the builds say."
}

variable "targets" {
  type    = list(string)
  default = ["alpha", "beta"]
}

variable "api_token" {
  type      = string
  default   = "not-a-real-token"
  sensitive = true
}

locals {
  message = "${var.greeting} from ${join(" and ", var.targets)}"
}

source "null" "local" {
  communicator = "none"
}

source "file" "note" {
  content = local.message
  target  = "note.txt"
}

build {
  name    = "hello"
  sources = ["source.null.local", "source.file.note"]

  provisioner "shell-local" {
    only   = ["null.local"]
    inline = ["echo '${local.message} (${source.type}.${source.name})'"]
  }

  dynamic "provisioner" {
    for_each = var.targets
    labels   = ["shell-local"]
    content {
      inline = ["echo target ${provisioner.value}"]
    }
  }

  post-processor "manifest" {
    output     = "hello-manifest.json"
    strip_path = true
  }
}
