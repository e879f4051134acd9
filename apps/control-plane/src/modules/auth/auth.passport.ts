import fastifyCookie from '@fastify/cookie';
import fastifyPassport from '@fastify/passport';
import fastifySession from '@fastify/session';
import { Injectable } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Strategy as LocalStrategy } from 'passport-local';
import { AuthService } from './auth.service.js';
import { PrismaSessionStore, passportSessionKey, sessionTtlMs } from './prisma-session.store.js';
import type { SessionUser } from './session-user.js';

export const sessionCookieName = 'tg_session';

export interface SessionCookieOptions {
  secret: string;
  secure: boolean;
}

/**
 * Passport on Fastify: the `local` strategy (email + password) and the session strategy that
 * turns the `tg_session` cookie back into `request.user` on every request.
 */
@Injectable()
export class AuthPassport {
  private readonly passport = new fastifyPassport.Authenticator({ key: passportSessionKey });

  constructor(
    private readonly auth: AuthService,
    private readonly store: PrismaSessionStore,
  ) {
    this.passport.use(
      'local',
      new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
        this.auth.verifyCredentials(email, password).then((user) => done(null, user ?? false), done);
      }) as never,
    );
    this.passport.registerUserSerializer(async (user: SessionUser) => user.id);
    // A user deleted since sign-in deserialises to null, which signs the session out.
    this.passport.registerUserDeserializer(async (id: string) => this.auth.findSessionUser(id));
  }

  /** Registers cookie, session and passport on the app; call before `init()`/`listen()`. */
  async register(app: NestFastifyApplication, options: SessionCookieOptions): Promise<void> {
    await app.register(fastifyCookie);
    await app.register(fastifySession, {
      secret: options.secret,
      cookieName: sessionCookieName,
      store: this.store,
      saveUninitialized: false,
      rolling: false,
      idGenerator: () => `ses_${crypto.getRandomValues(Buffer.alloc(32)).toString('base64url')}`,
      cookie: { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/', maxAge: sessionTtlMs },
    });
    await app.register(this.passport.initialize());
    await app.register(this.passport.secureSession());
  }

  /** Runs the `local` strategy on the request body; the user, or null for wrong credentials. */
  async authenticateLocal(request: FastifyRequest, reply: FastifyReply): Promise<SessionUser | null> {
    let result: SessionUser | null = null;
    const handler = this.passport.authenticate('local', async (_request, _reply, error, user) => {
      if (error) throw error;
      result = (user as SessionUser | false | undefined) || null;
    });
    await handler.call(request.server, request, reply);
    return result;
  }
}
