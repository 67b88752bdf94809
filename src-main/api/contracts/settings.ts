import { z } from 'zod';
import { method } from '../define';
import { Settings, SettingsPatch } from '../../services/settings/settings-schema';

export const settingsContract = {
  'settings.get': method(z.object({}), Settings, 'All settings, defaults filled in.'),
  'settings.update': method(SettingsPatch, Settings, 'Change some settings; returns the full, saved settings.'),
};
