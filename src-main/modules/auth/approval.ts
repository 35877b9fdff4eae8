import { roleAtLeast } from '../../../shared/domain/roles';
import { AppError } from '../../core/errors';
import type { AuthService } from './service';
import type { Session } from './sessions';

export interface SupervisorCredentials {
  username: string;
  password: string;
}

/**
 * Who approves an action reserved to supervisors: the signed-in user if they are one, or a
 * supervisor standing at the counter who types their own credentials (same lockout rules).
 */
export async function supervisorApproval(
  auth: AuthService,
  session: Session,
  credentials: SupervisorCredentials | null,
): Promise<string> {
  if (roleAtLeast(session.role, 'supervisor')) return session.username;
  if (!credentials?.username)
    throw new AppError('forbidden', 'A supervisor must approve', {
      'supervisor.username': { code: 'supervisor_required' },
    });
  const approver = await auth.verifyCredentials(credentials.username, credentials.password);
  if (!roleAtLeast(approver.role, 'supervisor'))
    throw new AppError('forbidden', 'Not a supervisor', { 'supervisor.username': { code: 'not_a_supervisor' } });
  // The administrator knows a provisional password: an approval with it would not be the supervisor's.
  if (approver.mustChangePassword)
    throw new AppError('forbidden', 'Provisional password', {
      'supervisor.password': { code: 'provisional_password' },
    });
  return approver.username;
}
