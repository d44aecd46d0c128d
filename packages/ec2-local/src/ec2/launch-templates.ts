// Launch templates, as far as Packer's spot builds use them: CreateLaunchTemplate (the template data is kept as
// RunInstances-style parameters for CreateFleet), DescribeLaunchTemplates, DeleteLaunchTemplate.
import { AwsError } from '../contracts.js';
import { compileFilters } from '../filters.js';
import type { XmlObject } from '../query/xml.js';
import { newId } from '../state/ids.js';
import type { RegionState } from '../state/region.js';
import type { LaunchTemplate } from '../state/resources.js';
import { checkTagSpecifications, tagSet, tagsFor, visible, type Ec2Actions, type Ec2Context } from './context.js';

function render(template: LaunchTemplate): XmlObject {
  return {
    launchTemplateId: template.id,
    launchTemplateName: template.name,
    createTime: template.createTime,
    createdBy: template.createdBy,
    defaultVersionNumber: 1,
    latestVersionNumber: 1,
    tagSet: tagSet(template.tags),
  };
}

/** The template named by `LaunchTemplateId` or `LaunchTemplateName` under `prefix`. */
export function findLaunchTemplate(context: Ec2Context, region: RegionState, id: string | undefined, name: string | undefined): LaunchTemplate {
  if (id !== undefined) {
    const template = region.launchTemplates.get(id);
    if (!template || !visible(context, id)) throw new AwsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`);
    return template;
  }
  if (name !== undefined) {
    const template = [...region.launchTemplates.values()].find((t) => t.name === name);
    if (!template) throw new AwsError('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${name}, does not exist.`);
    return template;
  }
  throw new AwsError('MissingParameter', 'The request must contain the parameter LaunchTemplateId or LaunchTemplateName');
}

export const launchTemplateActions: Ec2Actions = {
  CreateLaunchTemplate(context) {
    const { params, region, store } = context;
    const name = params.required('LaunchTemplateName');
    if (!/^[a-zA-Z0-9().\-/_]{3,128}$/.test(name)) throw new AwsError('InvalidLaunchTemplateName.MalformedException', `The launch template name ${name} is malformed.`);
    if ([...region.launchTemplates.values()].some((t) => t.name === name)) {
      throw new AwsError('InvalidLaunchTemplateName.AlreadyExistsException', `Launch template name already in use.`);
    }
    const data = params.struct('LaunchTemplateData');
    if (data.size === 0) throw new AwsError('MissingParameter', 'The request must contain the parameter LaunchTemplateData');
    const specifications = params.tagSpecifications();
    checkTagSpecifications(specifications, ['launch-template']);
    const template: LaunchTemplate = {
      id: newId('lt'),
      name,
      data: data.map,
      createTime: new Date(),
      createdBy: `arn:aws:iam::${store.accountId}:root`,
      tags: tagsFor(specifications, 'launch-template'),
    };
    region.launchTemplates.set(template.id, template);
    store.created(template.id);
    return { launchTemplate: render(template) };
  },

  DescribeLaunchTemplates(context) {
    const { params, region } = context;
    const ids = params.list('LaunchTemplateId');
    const names = params.list('LaunchTemplateName');
    const named = [...ids.map((id) => findLaunchTemplate(context, region, id, undefined)), ...names.map((name) => findLaunchTemplate(context, region, undefined, name))];
    const candidates = ids.length + names.length > 0 ? named : [...region.launchTemplates.values()].filter((t) => visible(context, t.id));
    const matches = compileFilters(params.filters(), {
      'launch-template-name': (t: LaunchTemplate) => t.name,
      'create-time': (t) => t.createTime,
    }, (t) => t.tags);
    return { launchTemplates: candidates.filter(matches).map(render) };
  },

  DeleteLaunchTemplate(context) {
    const { params, region } = context;
    const template = findLaunchTemplate(context, region, params.get('LaunchTemplateId'), params.get('LaunchTemplateName'));
    region.launchTemplates.delete(template.id);
    return { launchTemplate: render(template) };
  },
};
