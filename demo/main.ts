// Every demo page loads the element from source; Vite serves ../src from the repository.
import '../src/index.js';
