import { Anchor } from '@mantine/core';
import { Link } from '@tanstack/react-router';

/** A dossier's code, linking to its page. */
export function DossierLink({ code }: { code: string }) {
  return <Anchor ff="monospace" renderRoot={(props) => <Link {...props} to="/dossiers/$code" params={{ code }} />}>{code}</Anchor>;
}
