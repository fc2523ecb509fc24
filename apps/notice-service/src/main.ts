import { runServiceMain } from '@fupin/service-kit';
import { startService } from './service';

runServiceMain(() => startService());
