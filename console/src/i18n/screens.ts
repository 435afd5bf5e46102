import { messages as signin } from '../screens/signin/messages';
import { messages as reception } from '../screens/reception/messages';
import { messages as online } from '../screens/online/messages';
import { messages as inbox } from '../screens/inbox/messages';
import { messages as dossier } from '../screens/dossier/messages';
import { messages as leader } from '../screens/leader/messages';
import { messages as dashboard } from '../screens/dashboard/messages';
import { messages as admin } from '../screens/admin/messages';
import { messages as lookup } from '../screens/lookup/messages';

/** Every screen's namespace of words (one entry per screen folder). */
export const screenMessages = { signin, reception, online, inbox, dossier, leader, dashboard, admin, lookup };
