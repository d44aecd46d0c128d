// The amazon-ebs builder's artifact identity (Packer's BuilderId), which post-processors check.
export const EBS_BUILDER_ID = 'mitchellh.amazonebs';
