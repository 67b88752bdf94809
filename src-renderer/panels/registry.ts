import type { Component } from 'svelte';
import JobsPanel from './JobsPanel.svelte';
import DatasetsPanel from './DatasetsPanel.svelte';
import ViewerPanel from './ViewerPanel.svelte';
import TrainingPanel from './TrainingPanel.svelte';
import SettingsPanel from './SettingsPanel.svelte';
import FlowPanel from './FlowPanel.svelte';
import RunsPanel from './RunsPanel.svelte';
import PromptLabPanel from './PromptLabPanel.svelte';

export interface PanelDef {
  id: string;
  title: string;
  /** Single key that opens the panel together with Alt. */
  shortcut?: string;
  component: Component<{ params: Record<string, string> }>;
}

/** The app's panels in sidebar order; add a panel by importing it and listing it here. */
export const panels: PanelDef[] = [
  { id: 'datasets', title: 'Datasets', shortcut: 'd', component: DatasetsPanel },
  { id: 'viewer', title: 'Viewer', shortcut: 'v', component: ViewerPanel },
  { id: 'jobs', title: 'Jobs', shortcut: 'j', component: JobsPanel },
  { id: 'flow', title: 'Flow & masks', shortcut: 'f', component: FlowPanel },
  { id: 'runs', title: 'Runs & metrics', shortcut: 'r', component: RunsPanel },
  { id: 'prompts', title: 'Prompt lab', shortcut: 'p', component: PromptLabPanel },
  { id: 'training', title: 'Training', shortcut: 't', component: TrainingPanel },
  { id: 'settings', title: 'Settings', shortcut: ',', component: SettingsPanel },
];
