import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { createTokenVerifier, type VerifierSettings } from '../verifier';
import { AuthGuard } from './auth.guard';

@Module({})
export class AuthModule {
  static forRoot(settings: VerifierSettings): DynamicModule {
    const verify = createTokenVerifier(settings);
    return {
      module: AuthModule,
      providers: [{ provide: APP_GUARD, useFactory: (reflector: Reflector) => new AuthGuard(reflector, verify), inject: [Reflector] }],
    };
  }
}
