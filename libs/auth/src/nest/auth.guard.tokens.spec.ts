// The guard with the real verifier and real tokens from a local dev issuer (ephemeral port).

import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ExecutionContext, HttpException } from '@nestjs/common';
import { type DevIssuer, startDevIssuer } from '../dev-issuer';
import type { Principal } from '../roles';
import { createTokenVerifier } from '../verifier';
import { AuthGuard } from './auth.guard';
import { Allow } from './decorators';

class ExitController {
  @Allow({ role: 'county_approver' })
  approveExit() {}
}

describe('AuthGuard with real tokens', () => {
  let dir: string;
  let issuer: DevIssuer;
  let guard: AuthGuard;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-auth-guard-'));
    issuer = await startDevIssuer({ port: 0, keyFile: path.join(dir, 'key.json') });
    guard = new AuthGuard(
      createTokenVerifier({ issuer: issuer.issuer, audience: 'fupin-platform', jwksUrl: issuer.jwksUrl }),
    );
  });

  afterAll(async () => {
    await issuer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = async (token: string): Promise<{ status: number; code?: unknown; principal?: Principal }> => {
    const request: { method: string; headers: Record<string, string>; principal?: Principal } = {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    };
    const context = {
      switchToHttp: () => ({ getRequest: () => request }),
      getHandler: () => ExitController.prototype.approveExit,
      getClass: () => ExitController,
    } as unknown as ExecutionContext;
    try {
      await guard.canActivate(context);
      return { status: 200, principal: request.principal };
    } catch (e) {
      if (!(e instanceof HttpException)) throw e;
      return { status: e.getStatus(), code: (e.getResponse() as { code: unknown }).code };
    }
  };

  it('admits a county approver and attaches the verified principal', async () => {
    const result = await call(
      await issuer.mint({ subject: 'u1', name: '李四', role: 'county_approver', jurisdiction: '430523' }),
    );
    expect(result).toEqual({
      status: 200,
      principal: {
        subject: 'u1',
        name: '李四',
        role: 'county_approver',
        jurisdiction: { kind: 'division', code: '430523' },
      },
    });
  });

  it('answers 401 for expired and tampered tokens, 403 for another role', async () => {
    expect(
      await call(
        await issuer.mint({ subject: 'u1', role: 'county_approver', jurisdiction: '430523' }, { expiresIn: -120 }),
      ),
    ).toEqual({ status: 401, code: 'auth.token_expired' });
    const [h, , s] = (await issuer.mint({ subject: 'u2', role: 'village_cadre', jurisdiction: '430523101201' })).split(
      '.',
    );
    const forgedPayload = Buffer.from(
      JSON.stringify({
        sub: 'u2',
        role: 'county_approver',
        jurisdiction: '430523',
        iss: issuer.issuer,
        aud: 'fupin-platform',
        exp: 9999999999,
      }),
    ).toString('base64url');
    expect(await call(`${h}.${forgedPayload}.${s}`)).toEqual({ status: 401, code: 'auth.token_invalid' });
    expect(
      await call(await issuer.mint({ subject: 'u2', role: 'village_cadre', jurisdiction: '430523101201' })),
    ).toEqual({ status: 403, code: 'auth.role_forbidden' });
  });
});
