import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type TokenVerifier, type VerifierSettings, createTokenVerifier } from '../verifier';
import { AuthGuard } from './auth.guard';

/** Injection token of the module's TokenVerifier (to verify tokens outside HTTP, e.g. in tests). */
export const TOKEN_VERIFIER = Symbol('fupin:auth:token-verifier');

/** Registers AuthGuard as the global guard (APP_GUARD): every endpoint is denied unless @Public or @Allow. */
@Module({})
export class AuthModule {
  static forRoot(settings: VerifierSettings): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TOKEN_VERIFIER, useValue: createTokenVerifier(settings) },
        {
          provide: APP_GUARD,
          useFactory: (verify: TokenVerifier) => new AuthGuard(verify),
          inject: [TOKEN_VERIFIER],
        },
      ],
      exports: [TOKEN_VERIFIER],
    };
  }
}
