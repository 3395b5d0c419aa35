/** The first-start banner says what works where Holler runs (src/boot/banner.ts). */
import { describe, expect, it } from 'vitest';
import { firstStartBanner } from '../../src/boot/banner.ts';

const base = { password: 'Zq3-secret-pw', file: '/data/initial-admin-password.txt', tty: false, publicUrl: null, host: '0.0.0.0', port: 3000 };

describe('firstStartBanner', () => {
  it('in a container: a browsable address, the password file read and the CLI run with docker exec', () => {
    const text = firstStartBanner({ ...base, container: true });
    expect(text).toContain('Log in at http://localhost:3000/admin/login (with the host port you published');
    expect(text).toContain('docker exec <container> cat /data/initial-admin-password.txt');
    expect(text).toContain('docker exec -it <container> node dist/cli.js set-password');
    expect(text).not.toContain('0.0.0.0');
    expect(text).not.toContain('npm run admin');
    expect(text).not.toContain(base.password);
  });

  it('in a container with PUBLIC_URL: that address, and the password on a terminal only', () => {
    const text = firstStartBanner({ ...base, container: true, tty: true, publicUrl: 'https://chat.example.org' });
    expect(text).toContain('Log in at https://chat.example.org/admin/login\n');
    expect(text).toContain(`shown only this once): ${base.password}`);
    expect(text).not.toContain('cat /data');
  });

  it('outside one: npm run admin, and the address Holler listens on', () => {
    const text = firstStartBanner({ ...base, host: '127.0.0.1', container: false });
    expect(text).toContain('Log in at http://127.0.0.1:3000/admin/login\n');
    expect(text).toContain('Change it with: npm run admin -- set-password');
    expect(text).not.toContain('docker');
  });
});
