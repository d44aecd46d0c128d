# The quickstart: an Ubuntu 22.04 AMI with one more package, written as for AWS (see README.md). Nothing here names
# the local cloud: `eval "$(tspacker local-cloud env)"` points the AWS SDK at it through the environment.

packer {
  required_plugins {
    amazon = {
      version = ">= 1.0.0"
      source  = "github.com/hashicorp/amazon"
    }
  }
}

locals {
  timestamp = regex_replace(timestamp(), "[- TZ:]", "")
}

source "amazon-ebs" "ubuntu" {
  ami_name      = "tspacker-quickstart-${local.timestamp}"
  instance_type = "t3.micro"
  region        = "us-east-1"
  source_ami_filter {
    filters = {
      name                = "ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*"
      root-device-type    = "ebs"
      virtualization-type = "hvm"
    }
    owners      = ["099720109477"]
    most_recent = true
  }
  ssh_username = "ubuntu"
  tags = {
    Name = "tspacker-quickstart"
  }
}

build {
  name    = "quickstart"
  sources = ["source.amazon-ebs.ubuntu"]

  # The package's files; the machine builds the .deb itself (dpkg-deb is part of every Ubuntu image).
  provisioner "file" {
    source      = "${path.root}/hello-tspacker"
    destination = "/tmp"
  }

  # On AWS this would be: "sudo apt-get update", "sudo apt-get install -y nginx".
  provisioner "shell" {
    inline = [
      "chmod -R u=rwX,go=rX /tmp/hello-tspacker && chmod 0755 /tmp/hello-tspacker/usr/bin/hello-tspacker",
      "dpkg-deb --root-owner-group --build /tmp/hello-tspacker /tmp/hello-tspacker.deb",
      "sudo apt-get install -y /tmp/hello-tspacker.deb",
      "hello-tspacker",
    ]
  }

  # packer-manifest.json in the current directory: the artifact, for scripts.
  post-processor "manifest" {}
}
