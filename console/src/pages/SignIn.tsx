import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormEvent, useState } from "react";

import { FieldError, errorMessages, request } from "../api/client";
import { startSession } from "../auth/session";
import { TextField } from "../components/Fields";
import { ErrorList, Notice } from "../components/States";
import { AUTH_SCHEME, defaultApiUrl } from "../config";

const TOKEN_CREATE = `
  mutation ConsoleSignIn($email: String!, $password: String!) {
    tokenCreate(email: $email, password: $password) {
      token
      user { isStaff }
      errors { field message }
    }
  }
`;

interface TokenCreate {
  tokenCreate: { token: string | null; user: { isStaff: boolean } | null; errors: FieldError[] };
}

export const CUSTOMER_REFUSED =
  "This console is for the shop's staff. Sign in with a staff account; customers see their points in the shop.";

/** Staff sign in with their Saleor e-mail and password; customers are turned away. */
export function SignIn({ notice }: { notice?: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<string[]>([]);
  const [running, setRunning] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRunning(true);
    setErrors([]);
    try {
      const { tokenCreate } = await request<TokenCreate>(TOKEN_CREATE, { email, password });
      if (tokenCreate.errors.length || !tokenCreate.token) {
        setErrors(tokenCreate.errors.length ? errorMessages(tokenCreate.errors) : ["Sign-in failed."]);
      } else if (!tokenCreate.user?.isStaff) {
        setErrors([CUSTOMER_REFUSED]);
      } else {
        startSession({ token: tokenCreate.token, apiUrl: defaultApiUrl(), scheme: AUTH_SCHEME }, { remember: true });
      }
    } catch (error) {
      setErrors([(error as Error).message]);
    }
    setRunning(false);
  }

  return (
    <Box className="signin" display="flex" justifyContent="center" padding={6}>
      <Box as="form" onSubmit={submit} display="flex" flexDirection="column" gap={4} className="signin-form"
        backgroundColor="default1" borderColor="default1" borderStyle="solid" borderWidth={1} borderRadius={4}
        padding={8}>
        <Text as="h1" size={8} fontWeight="bold">Loyalty console</Text>
        <Text color="default2">Sign in with your Saleor staff account.</Text>
        {notice && <Notice tone="warning" title="Signed out" testId="signin-notice">{notice}</Notice>}
        <TextField label="E-mail" name="email" type="email" value={email} onChange={setEmail} required />
        <TextField label="Password" name="password" type="password" value={password} onChange={setPassword}
          required />
        <ErrorList errors={errors} />
        <Button type="submit" variant="primary" disabled={running}>
          {running ? "Signing in…" : "Sign in"}
        </Button>
      </Box>
    </Box>
  );
}
