import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { AppOptions } from '../../app/compose';
import { SafeStorageSecretStore, type SafeStorageLike } from '../../services/prompts/secret-store';

/** What the Electron host adds to the app (kept free of Electron runtime imports so a unit test can drive it). */
export interface ElectronPieces {
  safeStorage: SafeStorageLike;
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
}

/**
 * The host's adapters for createApp: provider keys sealed by the OS keychain when it is available (else the data
 * folder's key file), and a native folder dialog for opening datasets.
 */
export function electronAppServices(e: ElectronPieces): Pick<AppOptions, 'secrets' | 'pickFolder'> {
  return {
    secrets: e.safeStorage.isEncryptionAvailable() ? new SafeStorageSecretStore(e.safeStorage) : undefined,
    pickFolder: async (title) => {
      const r = await e.showOpenDialog({ title, properties: ['openDirectory', 'dontAddToRecent'] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  };
}
