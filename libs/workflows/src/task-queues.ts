/** Task queues: one per service for its activities, one for all workflow code. */
export const TaskQueues = {
  orchestration: 'orchestration',
  identification: 'identification',
  relocation: 'relocation',
  industry: 'industry',
  medicalAid: 'medical-aid',
  notice: 'notice',
} as const;
