# An example Packer template: an Ubuntu web server image on AWS, with a local build for trying it out.
# `tspacker fmt` checks its formatting and `tspacker inspect` reads it; `validate` needs the amazon plugin (to come).

packer {
  required_plugins {
    amazon = {
      version = ">= 1.3.0"
      source  = "github.com/hashicorp/amazon"
    }
  }
}

variable "region" {
  type        = string
  default     = "eu-west-1"
  description = "AWS region to build in."
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "app_version" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}

locals {
  timestamp = regex_replace(timestamp(), "[- TZ:]", "")
  ami_name  = "web-server-${var.app_version}-${local.timestamp}"
  all_tags = merge(var.tags, {
    Name       = local.ami_name
    AppVersion = var.app_version
  })
}

source "amazon-ebs" "ubuntu" {
  region        = var.region
  instance_type = var.instance_type
  ami_name      = local.ami_name
  ssh_username  = "ubuntu"
  tags          = local.all_tags

  source_ami_filter {
    filters = {
      name                = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"
      root-device-type    = "ebs"
      virtualization-type = "hvm"
    }
    owners      = ["099720109477"]
    most_recent = true
  }
}

source "null" "local" {
  communicator = "none"
}

build {
  name    = "web-server"
  sources = ["source.amazon-ebs.ubuntu", "source.null.local"]

  provisioner "shell-local" {
    inline = [
      "echo building ${var.app_version} for ${source.name}",
    ]
  }

  post-processor "manifest" {
    output     = "manifest.json"
    strip_path = true
  }
}
