// Every demo page loads the elements from source; Vite serves ../src from the repository.
import '../src/index.js';
