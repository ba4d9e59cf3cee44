import { defineConfig } from 'vite';
import { consoleViteConfig, DEFAULT_BACKEND_URL } from './console-server.js';

export default defineConfig(consoleViteConfig(process.env.BACKEND_URL ?? DEFAULT_BACKEND_URL));
