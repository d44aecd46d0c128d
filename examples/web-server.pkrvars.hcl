app_version   = "1.4.2"
instance_type = "t3.small"
tags = {
  Team = "platform"
  Env  = "staging"
}
