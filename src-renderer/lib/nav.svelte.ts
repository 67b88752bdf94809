/** Which panel is shown and with what (e.g. the viewer with a video id). Panels navigate through this. */
export const nav = $state<{ panel: string; params: Record<string, string> }>({ panel: 'datasets', params: {} });

export function navigate(panel: string, params: Record<string, string> = {}): void {
  nav.panel = panel;
  nav.params = params;
}
